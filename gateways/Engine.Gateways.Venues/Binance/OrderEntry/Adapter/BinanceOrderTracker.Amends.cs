using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Gateways.Venues.Binance.OrderEntry.Adapter;

/// <summary>Amends in flight (USD-M's modify in place): begun, done once Binance shows them, or refused and the order kept.</summary>
internal sealed partial class BinanceOrderTracker
{
    /// <summary>Records an amend in flight; false when the order is closed or another amend is still unanswered.</summary>
    public bool BeginAmend(BinanceTrackedOrder order, ulong requestId, long price, long quantity)
    {
        lock (_gate)
        {
            if (!order.IsOpen || order.AmendRequestId != 0)
            {
                return false;
            }

            order.AmendRequestId = requestId;
            order.AmendPrice = price;
            order.AmendQuantity = quantity;
            return true;
        }
    }

    /// <summary>
    /// Binance has the order at <paramref name="price"/> and <paramref name="quantity"/> (a modify's answer, the stream's
    /// AMENDMENT or a query): when that is the amend in flight, the engine hears Replaced, once.
    /// </summary>
    public void OnAmended(BinanceTrackedOrder order, long price, long quantity, long timeMillis)
    {
        lock (_gate)
        {
            if (order.AmendRequestId == 0 || !order.IsOpen || price != order.AmendPrice || quantity != order.AmendQuantity)
            {
                return;
            }

            ulong requestId = order.AmendRequestId;
            order.AmendRequestId = 0;
            order.Price = price;
            order.Quantity = quantity;
            Queue(order, requestId, Sbe.ExecType.Replaced, order.Cumulative > 0 ? Sbe.OrderStatus.PartiallyFilled : Sbe.OrderStatus.New, timeMillis, ResultCode.Ok);
        }
    }

    /// <summary>The amend in flight did not happen: the engine hears it refused, and the order stays as it was.</summary>
    public void OnAmendRefused(BinanceTrackedOrder order, ResultCode reason, long timeMillis)
    {
        lock (_gate)
        {
            if (order.AmendRequestId == 0)
            {
                return;
            }

            ulong requestId = order.AmendRequestId;
            order.AmendRequestId = 0;
            if (order.IsOpen)
            {
                Queue(order, requestId, Sbe.ExecType.Rejected, order.Cumulative > 0 ? Sbe.OrderStatus.PartiallyFilled : Sbe.OrderStatus.New, timeMillis, reason);
            }
        }
    }
}
