namespace Engine.Model;

/// <summary>Limit orders carry a limit price; market orders carry a protection price (the worst price they may trade at).</summary>
public enum OrderType : byte
{
    Limit = 0,
    Market = 1,
}
