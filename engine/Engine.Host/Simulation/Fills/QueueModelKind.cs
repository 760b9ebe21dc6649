namespace Engine.Host;

/// <summary>How a resting order's place in the queue of its price level moves (docs/FILL-SIMULATION.md).</summary>
public enum QueueModelKind
{
    /// <summary>hftbacktest's risk-averse model: only trades at the order's price advance it; a shrinking level caps what is ahead.</summary>
    RiskAverse,

    /// <summary>A level's size reductions that no trade explains advance the order by the share f(ahead, behind) = ahead² / (ahead² + behind²).</summary>
    Probabilistic,
}
