namespace Engine.PerfTests.Harnesses.Matching;

/// <summary>The four operations of exchange-core's published order-book workload.</summary>
public enum MixCommandKind : byte
{
    Gtc = 0,
    Ioc = 1,
    Cancel = 2,
    Move = 3,
}
