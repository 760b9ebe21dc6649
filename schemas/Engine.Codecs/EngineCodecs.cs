namespace Engine.Codecs;

/// <summary>
/// Marks the assembly of the engine's generated SBE codecs (see <see cref="EngineSchema"/> for the schema's
/// identity). Every codec is a <c>ref struct</c> over the caller's buffer: create one per message on the stack; it is
/// owned by the thread that created it and allocates nothing.
/// </summary>
public static class EngineCodecs
{
    /// <summary>Bytes of the standard message header that precedes every message.</summary>
    public const int HeaderLength = EngineSchema.HeaderLength;
}
