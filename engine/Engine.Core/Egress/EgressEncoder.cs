using Engine.Ledger.Transfers;
using Engine.Model;
using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Core;

/// <summary>
/// Every output of the BLP, encoded as an SBE message into one reused buffer and handed to the
/// <see cref="IEngineOutput"/>: order requests for venues, rejects, the ledger's transfers, internal crossing's
/// execution reports and answers to operators. Nothing here decides anything: the other parts call it with what they
/// decided. Allocation-free. Owned by the BLP thread.
/// </summary>
internal sealed class EgressEncoder
{
    private const int BufferLength = 1024;

    // execIds of the execution reports the BLP makes itself: input sequence x 2^20 + n.
    private const long ReportIdsPerInput = 1 << 20;

    private readonly IEngineOutput _output;
    private readonly InputContext _input;
    private readonly byte[] _buffer = new byte[BufferLength];

    public EgressEncoder(IEngineOutput output, InputContext input)
    {
        _output = output;
        _input = input;
    }

    /// <summary>Publishes a message encoded elsewhere (a status too large for the shared buffer).</summary>
    public void Publish(int templateId, ReadOnlySpan<byte> message) => _output.Publish(templateId, message);

    public void NewOrder(ref OrderRecord order, VenueId venue)
    {
        var request = Sbe.NewOrderEncoder.WrapAndApplyHeader(_buffer, 0);
        request.ClientOrderId = (ulong)order.Id.Value;
        request.AccountId = (ulong)order.Account.Value;
        request.Price.SetMantissa(order.Price.Units);
        request.StopPrice.SetMantissa(order.Type.IsStop() ? order.StopPrice.Units : Sbe.PriceOptionalEncoder.MantissaNullValue);
        request.Quantity.SetMantissa(order.Quantity.Units);
        request.ExpireTime = Sbe.NewOrderEncoder.ExpireTimeNullValue;

        request.SendingTime = _input.Time;
        request.InstrumentId = (uint)order.Instrument.Value;
        request.StrategyId = (uint)order.Strategy.Value;
        request.Side = WireConversions.ToWire(order.Side);
        request.OrderType = WireConversions.ToWire(order.Type);
        request.TimeInForce = WireConversions.ToWire(order.TimeInForce);
        request.Flags = WireConversions.ToWire(order.Flags);
        request.VenueId = (ushort)venue.Value;
        request.TriggerTime = TriggerTime();
        _output.Publish(Sbe.NewOrderEncoder.TemplateId, _buffer.AsSpan(0, Sbe.EngineSchema.HeaderLength + request.EncodedLength));
    }

    public void Cancel(ref OrderRecord order, VenueId venue)
    {
        var cancel = Sbe.CancelOrderEncoder.WrapAndApplyHeader(_buffer, 0);
        cancel.ClientOrderId = (ulong)order.Id.Value;
        cancel.OrigClientOrderId = (ulong)order.Id.Value;
        cancel.OrderId = order.VenueOrderId == 0 ? Sbe.CancelOrderEncoder.OrderIdNullValue : (ulong)order.VenueOrderId;
        cancel.AccountId = (ulong)order.Account.Value;
        cancel.SendingTime = _input.Time;
        cancel.InstrumentId = (uint)order.Instrument.Value;
        cancel.Side = WireConversions.ToWire(order.Side);
        cancel.VenueId = (ushort)venue.Value;
        cancel.TriggerTime = TriggerTime();
        _output.Publish(Sbe.CancelOrderEncoder.TemplateId, _buffer.AsSpan(0, Sbe.EngineSchema.HeaderLength + cancel.EncodedLength));
    }

    public void Amend(ref OrderRecord order, VenueId venue, Price price, Quantity quantity)
    {
        var request = Sbe.AmendOrderEncoder.WrapAndApplyHeader(_buffer, 0);
        request.ClientOrderId = (ulong)order.Id.Value;
        request.OrigClientOrderId = (ulong)order.Id.Value;
        request.OrderId = order.VenueOrderId == 0 ? Sbe.AmendOrderEncoder.OrderIdNullValue : (ulong)order.VenueOrderId;
        request.AccountId = (ulong)order.Account.Value;
        request.Price.SetMantissa(price.Units);
        request.Quantity.SetMantissa(quantity.Units);
        request.SendingTime = _input.Time;
        request.InstrumentId = (uint)order.Instrument.Value;
        request.Side = WireConversions.ToWire(order.Side);
        request.VenueId = (ushort)venue.Value;
        request.TriggerTime = TriggerTime();
        _output.Publish(Sbe.AmendOrderEncoder.TemplateId, _buffer.AsSpan(0, Sbe.EngineSchema.HeaderLength + request.EncodedLength));
    }

    /// <summary>
    /// The engine's own VenueAlert (kind ProtectiveStopFailed): a position's protective stop could not be placed.
    /// <paramref name="position"/> is the signed position quantity at <paramref name="quantityScale"/> decimals.
    /// </summary>
    public void ProtectiveStopAlert(AccountId account, InstrumentId instrument, VenueId venue, long position, int quantityScale, ReadOnlySpan<byte> text)
    {
        var alert = Sbe.VenueAlertEncoder.WrapAndApplyHeader(_buffer, 0);
        alert.Time = _input.Time;
        alert.AccountId = (ulong)account.Value;
        alert.Expected.SetMantissa(position).SetExponent((sbyte)-quantityScale);
        alert.Actual.SetMantissa(0).SetExponent(0);
        alert.AssetId = 0;
        alert.InstrumentId = (uint)instrument.Value;
        alert.VenueId = (ushort)venue.Value;
        alert.Kind = Sbe.VenueAlertKind.ProtectiveStopFailed;
        alert.SetText(text);
        _output.Publish(Sbe.VenueAlertEncoder.TemplateId, _buffer.AsSpan(0, Sbe.EngineSchema.HeaderLength + alert.EncodedLength));
    }

    /// <summary>Publishes an input as it came (a VenueAlert for consoles): its bytes are already the wire form.</summary>
    public void Forward(int templateId, ReadOnlySpan<byte> message) => _output.Publish(templateId, message);

    public void Reject(ulong clientOrderId, AccountId account, int refTemplateId, ResultCode reason, string? text)
    {
        var reject = Sbe.RejectEncoder.WrapAndApplyHeader(_buffer, 0);
        reject.ClientOrderId = clientOrderId;
        reject.AccountId = (ulong)Math.Max(0, account.Value);
        reject.TransactTime = _input.Time;
        reject.RefTemplateId = (ushort)refTemplateId;
        reject.Reason = (Sbe.ResultCode)reason;
        reject.SetText(text ?? string.Empty);
        _output.Publish(Sbe.RejectEncoder.TemplateId, _buffer.AsSpan(0, Sbe.EngineSchema.HeaderLength + reject.EncodedLength));
    }

    /// <summary>Every ledger transfer the current input caused, from index <paramref name="from"/> on, in ledger order (for auditors' projections).</summary>
    public void Transfers(Engine.Ledger.Ledger ledger, int from)
    {
        for (int i = from; i < ledger.TransferCount; i++)
        {
            ref readonly StoredTransfer stored = ref ledger.TransferAt(i);
            Transfer transfer = stored.Transfer;
            var posted = Sbe.TransferPostedEncoder.WrapAndApplyHeader(_buffer, 0);
            posted.TransferId = (ulong)transfer.Id.Value;
            posted.DebitAccountId = (ulong)stored.DebitAccount.Value;
            posted.CreditAccountId = (ulong)stored.CreditAccount.Value;
            posted.Amount.SetMantissa(stored.Amount);
            posted.CauseSequence = (ulong)_input.Sequence;
            posted.PostedTime = stored.TimestampNanos;
            posted.PendingId = (ulong)transfer.PendingId.Value;
            posted.AssetId = (uint)ledger.KeyOf(stored.DebitAccount).Asset.Value;

            // A void carries no code of its own: it belongs to the reservation it releases.
            posted.Code = transfer.Code == 0 && transfer.IsPostOrVoid ? Sbe.TransferCode.Reservation : ToTransferCode(transfer.Code);
            posted.PostingCode = transfer.Code;
            posted.Flags = (ushort)transfer.Flags;
            _output.Publish(Sbe.TransferPostedEncoder.TemplateId, _buffer.AsSpan(0, Sbe.EngineSchema.HeaderLength + posted.EncodedLength));
        }
    }

    /// <summary>
    /// An ExecutionReport the BLP makes itself (internal crossing, where no venue sends one): the order's state after
    /// the change, with the leaves given. A fill is reported before it is applied, so its quantity counts towards the
    /// cumulative one here. execId = input sequence x 2^20 + n.
    /// </summary>
    public void ExecutionReport(ref OrderRecord order, VenueId venue, Sbe.ExecType type, Quantity leaves, Price lastPrice, Quantity lastQuantity, bool maker, ResultCode reason)
    {
        long cumulative = order.Filled.Units + lastQuantity.Units;
        var report = Sbe.ExecutionReportEncoder.WrapAndApplyHeader(_buffer, 0);
        report.OrderId = (ulong)order.Id.Value;
        report.ClientOrderId = (ulong)order.Id.Value;
        report.OrigClientOrderId = (ulong)order.Id.Value;
        report.AccountId = (ulong)order.Account.Value;
        report.ExecId = (ulong)((_input.Sequence * ReportIdsPerInput) + ++_input.ReportsThisInput);
        report.Price.SetMantissa(order.Type == OrderType.Market ? Sbe.PriceOptionalEncoder.MantissaNullValue : order.Price.Units);
        report.Quantity.SetMantissa(order.Quantity.Units);
        report.LeavesQuantity.SetMantissa(leaves.Units);
        report.CumulativeQuantity.SetMantissa(cumulative);
        report.LastPrice.SetMantissa(lastQuantity.Units > 0 ? lastPrice.Units : Sbe.PriceOptionalEncoder.MantissaNullValue);
        report.LastQuantity.SetMantissa(lastQuantity.Units);
        report.TransactTime = _input.Time;
        report.InstrumentId = (uint)order.Instrument.Value;
        report.StrategyId = (uint)order.Strategy.Value;
        report.RejectReason = reason == ResultCode.Ok ? Sbe.ResultCode.NullValue : (Sbe.ResultCode)reason;
        report.ExecType = type;
        report.OrderStatus = StatusAfter(type, leaves, cumulative);
        report.Side = WireConversions.ToWire(order.Side);
        report.OrderType = WireConversions.ToWire(order.Type);
        report.TimeInForce = WireConversions.ToWire(order.TimeInForce);
        report.Flags = WireConversions.ToWire(order.Flags);
        report.IsMaker = maker ? Sbe.BooleanType.True : Sbe.BooleanType.False;
        report.VenueId = (ushort)venue.Value;
        report.SetText(ResultCodes.ReportText(reason));
        _output.Publish(Sbe.ExecutionReportEncoder.TemplateId, _buffer.AsSpan(0, Sbe.EngineSchema.HeaderLength + report.EncodedLength));
    }

    /// <summary>The answer to an admin input: applied when <paramref name="result"/> is Ok, else refused with that code and <paramref name="reason"/>.</summary>
    public void AdminResult(long requestTime, uint principal, int refTemplateId, uint affected, ResultCode result, string reason)
    {
        bool applied = result == ResultCode.Ok;
        var answer = Sbe.AdminResultEncoder.WrapAndApplyHeader(_buffer, 0);
        answer.JournalSequence = (ulong)_input.Sequence;
        answer.RequestTime = requestTime;
        answer.Affected = affected;
        answer.PrincipalId = principal;
        answer.RefTemplateId = (ushort)refTemplateId;
        answer.Applied = applied ? Sbe.BooleanType.True : Sbe.BooleanType.False;
        answer.Result = applied ? Sbe.ResultCode.NullValue : (Sbe.ResultCode)result;
        answer.SetText(reason);
        _output.Publish(Sbe.AdminResultEncoder.TemplateId, _buffer.AsSpan(0, Sbe.EngineSchema.HeaderLength + answer.EncodedLength));
    }

    /// <summary>The gateway receive time of the market data that caused the request (tick-to-trade starts there), or null.</summary>
    private long TriggerTime() => _input.IsMarketData && _input.TriggerTime > 0 ? _input.TriggerTime : Sbe.NewOrderEncoder.TriggerTimeNullValue;

    private static Sbe.OrderStatus StatusAfter(Sbe.ExecType type, Quantity leaves, long cumulative) => type switch
    {
        Sbe.ExecType.Canceled => Sbe.OrderStatus.Canceled,
        Sbe.ExecType.Rejected when leaves.Units == 0 => Sbe.OrderStatus.Rejected,
        _ when leaves.Units == 0 => Sbe.OrderStatus.Filled,
        _ when cumulative > 0 => Sbe.OrderStatus.PartiallyFilled,
        _ => Sbe.OrderStatus.New,
    };

    private static Sbe.TransferCode ToTransferCode(ushort postingCode) => (Engine.Ledger.Postings.PostingCode)postingCode switch
    {
        Engine.Ledger.Postings.PostingCode.Deposit => Sbe.TransferCode.Deposit,
        Engine.Ledger.Postings.PostingCode.Withdrawal => Sbe.TransferCode.Withdrawal,
        Engine.Ledger.Postings.PostingCode.SpotQuoteLeg or Engine.Ledger.Postings.PostingCode.SpotBaseLeg => Sbe.TransferCode.TradeSettlement,
        Engine.Ledger.Postings.PostingCode.TradeFee => Sbe.TransferCode.Fee,
        Engine.Ledger.Postings.PostingCode.OrderReservation => Sbe.TransferCode.Reservation,
        Engine.Ledger.Postings.PostingCode.PerpPositionLeg => Sbe.TransferCode.PositionMove,
        Engine.Ledger.Postings.PostingCode.PerpMargin => Sbe.TransferCode.Margin,
        Engine.Ledger.Postings.PostingCode.PerpRealisedPnL => Sbe.TransferCode.RealisedPnL,
        Engine.Ledger.Postings.PostingCode.Funding => Sbe.TransferCode.Funding,
        _ => Sbe.TransferCode.Adjustment,
    };
}
