using Sbe = Engine.Codecs;

namespace Engine.Gateways.Venues.Binance.OrderEntry.Adapter;

/// <summary>
/// One VenueAlert (206) the adapter owes the engine: what reconciliation found (a balance break, an orphan canceled, a
/// fill recovered), queued by the REST thread until the gateway's duty cycle encodes it into ingress, so the finding
/// is journaled and the engine can stop the account. The asset is named in <see cref="Text"/> (the gateway does not
/// hold the engine's asset ids), so the message's assetId is 0.
/// </summary>
internal readonly record struct EngineVenueAlert(Sbe.VenueAlertKind Kind, ulong AccountId, uint InstrumentId, decimal Expected, decimal Actual, long TimeNanos, string Text)
{
    /// <summary>The gateway's words, cut at this many bytes on a character boundary.</summary>
    public const int MaxTextBytes = 512;

    public const int MaxFrameLength = Sbe.EngineSchema.HeaderLength + Sbe.VenueAlertEncoder.BlockLength + Sbe.VenueAlertEncoder.TextHeaderLength + MaxTextBytes;

    /// <summary>Writes it with its header into <paramref name="frame"/> (at least <see cref="MaxFrameLength"/> long); returns the length.</summary>
    public int Encode(byte[] frame, ushort venueId)
    {
        var encoder = Sbe.VenueAlertEncoder.WrapAndApplyHeader(frame, 0);
        encoder.Time = TimeNanos;
        encoder.AccountId = AccountId;
        (long mantissa, sbyte exponent) = Decimal64(Expected);
        encoder.Expected.SetMantissa(mantissa).SetExponent(exponent);
        (mantissa, exponent) = Decimal64(Actual);
        encoder.Actual.SetMantissa(mantissa).SetExponent(exponent);
        encoder.AssetId = 0;
        encoder.InstrumentId = InstrumentId;
        encoder.VenueId = venueId;
        encoder.Kind = Kind;
        byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(Text); // a rare finding, not the order path
        encoder.SetText(utf8.AsSpan(0, Engine.Primitives.Utf8Prefix.Length(utf8, MaxTextBytes)));
        return encoder.Limit;
    }

    /// <summary>An exact decimal as mantissa x 10^exponent (Binance balances have at most 8 decimals).</summary>
    private static (long Mantissa, sbyte Exponent) Decimal64(decimal value)
    {
        int scale = value.Scale;
        decimal mantissa = value * (decimal)Math.Pow(10, scale);
        while (scale > 0 && (mantissa > long.MaxValue || mantissa < long.MinValue))
        {
            scale--; // too many digits for 64 bits: drop the least significant (never on Binance's 8-decimal figures)
            mantissa = Math.Round(value * (decimal)Math.Pow(10, scale));
        }

        // A figure beyond 64 bits even without decimals is clamped: the alert still says which way it broke.
        return (mantissa > long.MaxValue ? long.MaxValue : mantissa < long.MinValue ? long.MinValue : (long)mantissa, (sbyte)-scale);
    }
}
