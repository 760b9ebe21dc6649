namespace Engine.Model;

/// <summary>How long the unfilled part of an order lives.</summary>
public enum TimeInForce : byte
{
    /// <summary>Good till canceled: the remainder rests in the book.</summary>
    Gtc = 0,

    /// <summary>Immediate or cancel: the remainder is canceled.</summary>
    Ioc = 1,

    /// <summary>Fill or kill: filled completely at once or rejected without any trade.</summary>
    Fok = 2,
}
