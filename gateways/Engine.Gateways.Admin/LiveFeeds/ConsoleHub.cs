using Microsoft.AspNetCore.SignalR;

namespace Engine.Gateways.Admin.LiveFeeds;

/// <summary>
/// The console's one hub (<c>/hubs/console</c>): it only pushes (status, positions, risk, orders, market each second; order,
/// fill and alert events as they happen); clients call nothing, so every action still goes through the HTTP API's
/// role checks and antiforgery. Connecting needs a viewer (the access middleware checks it before the hub). Gives each
/// client its own outbox (<see cref="ConsoleClients"/>); the feed asks the engine for status only while someone watches.
/// </summary>
public sealed class ConsoleHub(ConsoleClients clients) : Hub
{
    public override Task OnConnectedAsync()
    {
        clients.Connected(Context.ConnectionId);
        return base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await clients.DisconnectedAsync(Context.ConnectionId).ConfigureAwait(false);
        await base.OnDisconnectedAsync(exception).ConfigureAwait(false);
    }
}
