namespace Engine.Gateways.VenueSimulators.Binance;

/// <summary>Where and how a Binance market manages its listen key (the differences between spot and USD-M).</summary>
/// <param name="Path">The REST path of POST (start), PUT (keep alive) and DELETE (close).</param>
/// <param name="Weight">The request weight of each call.</param>
/// <param name="KeyParameterRequired">Spot: PUT and DELETE must name the key (<c>listenKey</c>); USD-M: they take none.</param>
/// <param name="KeepAliveAnswersKey">USD-M's PUT answers <c>{"listenKey": ...}</c>; spot's answers <c>{}</c>.</param>
public sealed record BinanceListenKeyApi(string Path, int Weight, bool KeyParameterRequired, bool KeepAliveAnswersKey)
{
    public static BinanceListenKeyApi Spot { get; } = new("/api/v3/userDataStream", Weight: 2, KeyParameterRequired: true, KeepAliveAnswersKey: false);

    public static BinanceListenKeyApi UsdM { get; } = new("/fapi/v1/listenKey", Weight: 1, KeyParameterRequired: false, KeepAliveAnswersKey: true);
}
