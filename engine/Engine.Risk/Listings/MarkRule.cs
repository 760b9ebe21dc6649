namespace Engine.Risk;

/// <summary>How a <see cref="MarkSource"/> combines its listings' mids.</summary>
public enum MarkRule : byte
{
    /// <summary>The first listing (in the configured order) with a usable mid: one venue, with fall-backs.</summary>
    First = 0,

    /// <summary>The median of the usable mids (the lower middle one of an even count): robust to one venue's outlier.</summary>
    Median = 1,
}
