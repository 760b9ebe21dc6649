namespace Engine.Sbe.Schema;

/// <summary>How strict the loader is beyond what the SBE 1.0 specification requires.</summary>
public sealed class SchemaLoadOptions
{
    public static readonly SchemaLoadOptions Default = new(requireAlignedOffsets: false);

    /// <summary>The engine's own schemas: every explicit offset must be a multiple of its field's primitive size.</summary>
    public static readonly SchemaLoadOptions Strict = new(requireAlignedOffsets: true);

    public SchemaLoadOptions(bool requireAlignedOffsets)
    {
        RequireAlignedOffsets = requireAlignedOffsets;
    }

    /// <summary>
    /// Reject an explicit offset that is not a multiple of the field's primitive size. The specification only
    /// recommends alignment (its own examples contain unaligned offsets), so this is opt-in.
    /// </summary>
    public bool RequireAlignedOffsets { get; }
}
