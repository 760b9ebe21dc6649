namespace Engine.Gateways.SimulatedVenue.MarketData;

/// <summary>What a generated participant does.</summary>
public enum OrderFlowKind : byte
{
    /// <summary>A new resting limit order (it may cross the spread and trade).</summary>
    Limit = 1,

    /// <summary>A market order, bounded by a protection price.</summary>
    Market = 2,

    /// <summary>The cancel of one of the generator's live limit orders.</summary>
    Cancel = 3,
}
