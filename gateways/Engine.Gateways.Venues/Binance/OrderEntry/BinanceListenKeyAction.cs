namespace Engine.Gateways.Venues.Binance.OrderEntry;

/// <summary>What a request to <c>/api/v3/userDataStream</c> does.</summary>
public enum BinanceListenKeyAction
{
    Open,
    KeepAlive,
    Close,
}
