namespace Engine.Host;

/// <summary>
/// The one check every input frame passes before it is journaled, from a gateway or from a simulation alike: its size,
/// its SBE header (the engine's schema, a template the catalog says a gateway may send, the header agreeing with the
/// frame type), and a block that fits. A refused frame is counted and reported by its caller, never journaled.
/// Stateless; thread-safe.
/// </summary>
public static class InputGate
{
    /// <summary>Why a frame is not an input the engine takes from a gateway, or null when it is.</summary>
    public static string? Check(int type, ReadOnlySpan<byte> message)
    {
        if (message.Length < Codecs.EngineSchema.HeaderLength)
        {
            return $"shorter than the {Codecs.EngineSchema.HeaderLength}-byte SBE header";
        }

        if (message.Length > InputSlot.MaxPayloadLength)
        {
            return $"longer than the largest input ({InputSlot.MaxPayloadLength} bytes)";
        }

        var header = new Codecs.MessageHeaderDecoder(message, 0, Codecs.EngineSchema.Version);
        if (header.SchemaId != Codecs.EngineSchema.Id)
        {
            return $"schema id {header.SchemaId} is not the engine's ({Codecs.EngineSchema.Id})";
        }

        if (header.TemplateId != type)
        {
            return $"the SBE header says template {header.TemplateId} but the frame type is {type}";
        }

        if (!Codecs.MessageCatalog.IsGatewayInput(type))
        {
            return $"template {type} is not an input a gateway may send";
        }

        return Codecs.EngineSchema.HeaderLength + header.BlockLength > message.Length
            ? $"the block ({header.BlockLength} bytes) does not fit in the frame"
            : null;
    }
}
