namespace Engine.Benchmarks.Sbe.Json;

/// <summary>The System.Text.Json baseline's new order DTO.</summary>
public sealed class JsonNewOrder
{
    public ulong ClientOrderId { get; set; }

    public ulong AccountId { get; set; }

    public long Price { get; set; }

    public long StopPrice { get; set; }

    public long Quantity { get; set; }

    public long ExpireTime { get; set; }

    public long SendingTime { get; set; }

    public uint InstrumentId { get; set; }

    public uint StrategyId { get; set; }

    public int Side { get; set; }

    public int OrderType { get; set; }

    public int TimeInForce { get; set; }

    public uint Flags { get; set; }
}
