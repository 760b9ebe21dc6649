using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Gateways.Venues.Binance.OrderEntry.Adapter;

/// <summary>
/// One ExecutionReport (204) the adapter owes the engine, as a value queued by whichever thread learned it (the user
/// data stream, an answer, reconciliation) until the gateway's duty cycle encodes it into ingress. Ids as the simulated
/// venue sends them: <see cref="OrigClientOrderId"/> is always the engine's id of the order, <see cref="ClientOrderId"/>
/// the request that caused the report.
/// </summary>
internal struct EngineExecutionReport
{
    /// <summary>Venue texts are a sentence; a longer one is cut here, on a character boundary, to fit the frame.</summary>
    public const int MaxTextBytes = 256;

    /// <summary>The frame an encoded report needs at most.</summary>
    public const int MaxFrameLength = Sbe.EngineSchema.HeaderLength + Sbe.ExecutionReportEncoder.BlockLength + Sbe.ExecutionReportEncoder.TextHeaderLength + MaxTextBytes;

    public ulong VenueOrderId;
    public ulong ClientOrderId;
    public ulong OrigClientOrderId;
    public ulong AccountId;
    public ulong ExecId;
    public long Price;
    public long Quantity;
    public long LeavesQuantity;
    public long CumulativeQuantity;
    public long LastPrice;
    public long LastQuantity;
    public long TransactTimeNanos;
    public uint InstrumentId;
    public uint StrategyId;
    public ResultCode Reason;
    public Sbe.ExecType ExecType;
    public Sbe.OrderStatus Status;
    public Sbe.Side Side;
    public Sbe.OrderType OrderType;
    public Sbe.TimeInForce TimeInForce;
    public Sbe.OrderFlags Flags;
    public bool IsMaker;

    /// <summary>
    /// Why it was refused, in Binance's words when Binance refused it (code and msg), else the adapter's: journaled
    /// on the report (schema version 4) so an auditor reads the venue's reason. Null for every other report.
    /// </summary>
    public string? Text;

    /// <summary>Writes it with its header into <paramref name="frame"/>; returns the length.</summary>
    public readonly int Encode(byte[] frame, ushort venueId)
    {
        var encoder = Sbe.ExecutionReportEncoder.WrapAndApplyHeader(frame, 0);
        encoder.OrderId = VenueOrderId;
        encoder.ClientOrderId = ClientOrderId;
        encoder.OrigClientOrderId = OrigClientOrderId;
        encoder.AccountId = AccountId;
        encoder.ExecId = ExecId;
        encoder.Price.SetMantissa(Price);
        encoder.Quantity.SetMantissa(Quantity);
        encoder.LeavesQuantity.SetMantissa(LeavesQuantity);
        encoder.CumulativeQuantity.SetMantissa(CumulativeQuantity);
        encoder.LastPrice.SetMantissa(LastPrice);
        encoder.LastQuantity.SetMantissa(LastQuantity);
        encoder.TransactTime = TransactTimeNanos;
        encoder.InstrumentId = InstrumentId;
        encoder.StrategyId = StrategyId;
        encoder.RejectReason = Reason == ResultCode.Ok ? Sbe.ResultCode.NullValue : (Sbe.ResultCode)Reason;
        encoder.VenueId = venueId;
        encoder.ExecType = ExecType;
        encoder.OrderStatus = Status;
        encoder.Side = Side;
        encoder.OrderType = OrderType;
        encoder.TimeInForce = TimeInForce;
        encoder.Flags = Flags;
        encoder.IsMaker = IsMaker ? Sbe.BooleanType.True : Sbe.BooleanType.False;
        if (Text is null || System.Text.Encoding.UTF8.GetByteCount(Text) <= MaxTextBytes)
        {
            encoder.SetText(Text ?? string.Empty);
        }
        else
        {
            byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(Text); // rare: a refusal with a long text
            encoder.SetText(utf8.AsSpan(0, Utf8Prefix.Length(utf8, MaxTextBytes)));
        }

        return encoder.Limit;
    }
}
