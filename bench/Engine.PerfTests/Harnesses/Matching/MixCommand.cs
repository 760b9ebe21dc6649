using Engine.Primitives;

namespace Engine.PerfTests.Harnesses.Matching;

/// <summary>One pre-generated command of the exchange-core mix, stored flat so the timed loop reads an array.</summary>
public struct MixCommand
{
    public MixCommandKind Kind;
    public Side Side;
    public long OrderId;
    public int Account;
    public long Price;
    public long Quantity;
}
