using Engine.Core;
using Engine.Transport;

namespace Engine.Host;

/// <summary>
/// The execution report a paper venue gives at engine start for an order the BLP recovered open: canceled, since the
/// venue's book did not outlive the previous process (<see cref="PaperVenues.CancelOrdersLeftOpen"/>). Stateless.
/// </summary>
internal static class PaperRestartCancel
{
    public static void Report(PaperReports reports, ushort venueId, in OrderRecord order)
    {
        byte[] frame = new byte[512];
        var report = Codecs.ExecutionReportEncoder.WrapAndApplyHeader(frame, 0);
        report.OrderId = (ulong)order.VenueOrderId;
        report.ClientOrderId = (ulong)order.Id.Value;
        report.OrigClientOrderId = (ulong)order.Id.Value;
        report.AccountId = (ulong)order.Account.Value;
        report.ExecId = 0;
        report.Price.SetMantissa(order.Price.Units);
        report.Quantity.SetMantissa(order.Quantity.Units);
        report.LeavesQuantity.SetMantissa(0);
        report.CumulativeQuantity.SetMantissa(order.Filled.Units);
        report.LastPrice.SetMantissa(Codecs.PriceOptionalEncoder.MantissaNullValue);
        report.LastQuantity.SetMantissa(0);
        report.TransactTime = MonotonicClock.WallNanos();
        report.InstrumentId = (uint)order.Instrument.Value;
        report.StrategyId = (uint)order.Strategy.Value;
        report.RejectReason = Codecs.ResultCode.NullValue;
        report.VenueId = venueId;
        report.ExecType = Codecs.ExecType.Canceled;
        report.OrderStatus = Codecs.OrderStatus.Canceled;
        report.Side = WireConversions.ToWire(order.Side);
        report.OrderType = WireConversions.ToWire(order.Type);
        report.TimeInForce = WireConversions.ToWire(order.TimeInForce);
        report.Flags = WireConversions.ToWire(order.Flags);
        report.IsMaker = Codecs.BooleanType.False;
        report.SetText("paper venue restarted: its book did not outlive the previous engine process");
        reports.Add(Codecs.ExecutionReportEncoder.TemplateId, frame.AsSpan(0, report.Limit));
    }
}
