using Engine.Gateways.Venues.Binance;
using Engine.Gateways.VenueSimulators.Binance;
using Engine.Gateways.VenueSimulators.Binance.UsdM;

namespace Engine.Cli.Tests.OrderEntry;

/// <summary>
/// The Binance simulator behind <see cref="BinanceOrderEntryRig"/>, spot or USD-M: what the rig asks of the venue (its
/// address, the engine listing it trades, liquidity to trade against, and its view of the engine's orders and fills),
/// each read under the simulator's lock.
/// </summary>
internal sealed class BinanceRigVenue
{
    private readonly object _gate;
    private readonly Action<bool, decimal, decimal> _addLiquidity;
    private readonly Func<IEnumerable<(string ClientOrderId, decimal Quantity, decimal Filled)>> _openOrders;
    private readonly Func<string, int> _ordersWithClientId;
    private readonly Func<IEnumerable<(string ClientOrderId, bool IsBuyer, decimal Quantity)>> _fills;

    private BinanceRigVenue(
        Uri baseAddress,
        BinanceMarket market,
        object gate,
        Action<bool, decimal, decimal> addLiquidity,
        Func<IEnumerable<(string, decimal, decimal)>> openOrders,
        Func<string, int> ordersWithClientId,
        Func<IEnumerable<(string, bool, decimal)>> fills)
    {
        BaseAddress = baseAddress;
        Market = market;
        _gate = gate;
        _addLiquidity = addLiquidity;
        _openOrders = openOrders;
        _ordersWithClientId = ordersWithClientId;
        _fills = fills;
    }

    public Uri BaseAddress { get; }

    public BinanceMarket Market { get; }

    /// <summary>The engine's venue code and instrument of the one listing traded (BTCUSDT on the venue), and its scales.</summary>
    public string VenueCode => Market == BinanceMarket.Spot ? "BINANCE" : "BINANCE_USDM";

    public string Instrument => Market == BinanceMarket.Spot ? "BTC-USDT" : "BTC-USDT-PERP";

    public int PriceScale => Market == BinanceMarket.Spot ? 2 : 1;

    public int QuantityScale => Market == BinanceMarket.Spot ? 5 : 3;

    public static BinanceRigVenue Spot(BinanceSpotSimulator simulator) => new(
        simulator.BaseAddress,
        BinanceMarket.Spot,
        simulator.Gate,
        (buy, price, quantity) =>
        {
            simulator.Exchange.TryGetSymbol("BTCUSDT", out BinanceSymbol symbol);
            simulator.Exchange.AddLiquidity(symbol, buy, price, quantity, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        },
        () => simulator.Exchange.OpenOrders(null).Select(o => (o.ClientOrderId, o.OrigQty, o.ExecutedQty)),
        simulator.Exchange.OrdersWithClientId,
        () => simulator.Exchange.Fills.Select(f => (simulator.Exchange.Find("BTCUSDT", f.OrderId, null)?.ClientOrderId ?? string.Empty, f.IsBuyer, f.Quantity)));

    public static BinanceRigVenue UsdM(BinanceUsdMSimulator simulator) => new(
        simulator.BaseAddress,
        BinanceMarket.UsdM,
        simulator.Gate,
        (buy, price, quantity) =>
        {
            simulator.Exchange.TryGetSymbol("BTCUSDT", out BinanceSymbol symbol);
            simulator.Exchange.AddLiquidity(symbol, buy, price, quantity, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        },
        () => simulator.Exchange.OpenOrders(null).Select(o => (o.ClientOrderId, o.OrigQty, o.ExecutedQty)),
        simulator.Exchange.OrdersWithClientId,
        () => simulator.Exchange.Fills.Select(f => (simulator.Exchange.Find("BTCUSDT", f.OrderId, null)?.ClientOrderId ?? string.Empty, f.IsBuyer, f.Quantity)));

    /// <summary>Rests the other side on the venue (the simulator's control path), so the engine's orders trade.</summary>
    public void AddLiquidity(bool buy, decimal price, decimal quantity)
    {
        lock (_gate)
        {
            _addLiquidity(buy, price, quantity);
        }
    }

    /// <summary>The venue's open orders: engine id (from a client id 'e' and digits) -> (quantity, filled), in the venue's decimals.</summary>
    public SortedDictionary<ulong, (decimal Quantity, decimal Filled)> EngineOpenOrders()
    {
        lock (_gate)
        {
            return new SortedDictionary<ulong, (decimal, decimal)>(_openOrders().ToDictionary(o => EngineId(o.ClientOrderId), o => (o.Quantity, o.Filled)));
        }
    }

    public int OrdersWithClientId(string clientOrderId)
    {
        lock (_gate)
        {
            return _ordersWithClientId(clientOrderId);
        }
    }

    /// <summary>Base quantity filled on the venue for the engine's orders (client ids starting with 'e'; buys positive).</summary>
    public decimal EngineNetFilled()
    {
        lock (_gate)
        {
            return _fills().Where(f => f.ClientOrderId.StartsWith('e')).Sum(f => f.IsBuyer ? f.Quantity : -f.Quantity);
        }
    }

    private static ulong EngineId(string clientOrderId) =>
        clientOrderId.StartsWith('e') && ulong.TryParse(clientOrderId.AsSpan(1), out ulong parsed) ? parsed : ulong.MaxValue;
}
