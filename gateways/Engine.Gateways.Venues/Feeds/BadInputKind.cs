namespace Engine.Gateways.Venues.Feeds;

/// <summary>What was wrong with a venue message the feed could not use. Counted per kind; the first of each kind is logged.</summary>
public enum BadInputKind : byte
{
    /// <summary>Not JSON, or JSON cut short.</summary>
    MalformedJson = 0,

    /// <summary>JSON, but a field the message needs is missing or of the wrong type.</summary>
    MissingField,

    /// <summary>A symbol the feed does not follow.</summary>
    UnknownSymbol,

    /// <summary>A price or quantity that is not a plain decimal, is negative, or has more decimals than the instrument's scale.</summary>
    BadNumber,

    /// <summary>A price that is not a multiple of the instrument's tick.</summary>
    OffTick,

    /// <summary>More levels in one message than a venue ever sends (an absurd array).</summary>
    TooManyLevels,

    /// <summary>A message type the feed does not use (subscription acks, heartbeats are not counted here).</summary>
    Unsupported,
}
