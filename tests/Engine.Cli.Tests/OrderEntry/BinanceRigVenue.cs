using Engine.Gateways.Venues.Binance;
using Engine.Gateways.VenueSimulators.Binance;
using Engine.Gateways.VenueSimulators.Binance.UsdM;

namespace Engine.Cli.Tests.OrderEntry;

/// <summary>
/// The Binance simulator behind <see cref="BinanceOrderEntryRig"/>, spot or USD-M: what the rig asks of the venue (its
/// address, the engine listing it trades, liquidity to trade against, and its view of the engine's orders and fills),
/// each read under the simulator's lock.
/// </summary>
internal abstract class BinanceRigVenue
{
    public abstract Uri BaseAddress { get; }

    public abstract BinanceMarket Market { get; }

    /// <summary>The engine's venue code and instrument of the one listing traded (BTCUSDT on the venue).</summary>
    public abstract string VenueCode { get; }

    public abstract string Instrument { get; }

    public abstract int PriceScale { get; }

    public abstract int QuantityScale { get; }

    public static BinanceRigVenue Spot(BinanceSpotSimulator simulator) => new SpotVenue(simulator);

    public static BinanceRigVenue UsdM(BinanceUsdMSimulator simulator) => new UsdMVenue(simulator);

    /// <summary>Rests the other side on the venue (the simulator's control path), so the engine's orders trade.</summary>
    public abstract void AddLiquidity(bool buy, decimal price, decimal quantity);

    /// <summary>The venue's open orders whose client id is 'e' and digits: engine id -> (quantity, filled), in the venue's decimals.</summary>
    public abstract SortedDictionary<ulong, (decimal Quantity, decimal Filled)> EngineOpenOrders();

    public abstract int OrdersWithClientId(string clientOrderId);

    /// <summary>Base quantity filled on the venue for the engine's orders (client ids starting with 'e'; buys positive).</summary>
    public abstract decimal EngineNetFilled();

    protected static ulong EngineId(string clientOrderId) =>
        clientOrderId.StartsWith('e') && ulong.TryParse(clientOrderId.AsSpan(1), out ulong parsed) ? parsed : ulong.MaxValue;

    private sealed class SpotVenue(BinanceSpotSimulator simulator) : BinanceRigVenue
    {
        public override Uri BaseAddress => simulator.BaseAddress;

        public override BinanceMarket Market => BinanceMarket.Spot;

        public override string VenueCode => "BINANCE";

        public override string Instrument => "BTC-USDT";

        public override int PriceScale => 2;

        public override int QuantityScale => 5;

        public override void AddLiquidity(bool buy, decimal price, decimal quantity)
        {
            lock (simulator.Gate)
            {
                simulator.Exchange.TryGetSymbol("BTCUSDT", out BinanceSymbol symbol);
                simulator.Exchange.AddLiquidity(symbol, buy, price, quantity, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            }
        }

        public override SortedDictionary<ulong, (decimal Quantity, decimal Filled)> EngineOpenOrders()
        {
            lock (simulator.Gate)
            {
                return new SortedDictionary<ulong, (decimal, decimal)>(simulator.Exchange.OpenOrders(null).ToDictionary(o => EngineId(o.ClientOrderId), o => (o.OrigQty, o.ExecutedQty)));
            }
        }

        public override int OrdersWithClientId(string clientOrderId)
        {
            lock (simulator.Gate)
            {
                return simulator.Exchange.OrdersWithClientId(clientOrderId);
            }
        }

        public override decimal EngineNetFilled()
        {
            lock (simulator.Gate)
            {
                return simulator.Exchange.Fills
                    .Where(f => simulator.Exchange.Find("BTCUSDT", f.OrderId, null) is { } order && order.ClientOrderId.StartsWith('e'))
                    .Sum(f => f.IsBuyer ? f.Quantity : -f.Quantity);
            }
        }
    }

    private sealed class UsdMVenue(BinanceUsdMSimulator simulator) : BinanceRigVenue
    {
        public override Uri BaseAddress => simulator.BaseAddress;

        public override BinanceMarket Market => BinanceMarket.UsdM;

        public override string VenueCode => "BINANCE_USDM";

        public override string Instrument => "BTC-USDT-PERP";

        public override int PriceScale => 1;

        public override int QuantityScale => 3;

        public override void AddLiquidity(bool buy, decimal price, decimal quantity)
        {
            lock (simulator.Gate)
            {
                simulator.Exchange.TryGetSymbol("BTCUSDT", out BinanceSymbol symbol);
                simulator.Exchange.AddLiquidity(symbol, buy, price, quantity, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            }
        }

        public override SortedDictionary<ulong, (decimal Quantity, decimal Filled)> EngineOpenOrders()
        {
            lock (simulator.Gate)
            {
                return new SortedDictionary<ulong, (decimal, decimal)>(simulator.Exchange.OpenOrders(null).ToDictionary(o => EngineId(o.ClientOrderId), o => (o.OrigQty, o.ExecutedQty)));
            }
        }

        public override int OrdersWithClientId(string clientOrderId)
        {
            lock (simulator.Gate)
            {
                return simulator.Exchange.OrdersWithClientId(clientOrderId);
            }
        }

        public override decimal EngineNetFilled()
        {
            lock (simulator.Gate)
            {
                return simulator.Exchange.Fills
                    .Where(f => simulator.Exchange.Find("BTCUSDT", f.OrderId, null) is { } order && order.ClientOrderId.StartsWith('e'))
                    .Sum(f => f.IsBuyer ? f.Quantity : -f.Quantity);
            }
        }
    }
}
