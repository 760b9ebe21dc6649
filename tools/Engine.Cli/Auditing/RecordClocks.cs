using Engine.Host;

namespace Engine.Cli.Auditing;

/// <summary>
/// Which clock each time of a journal is on. A record's engine time is the engine receiver's stamp (a backtest's
/// simulated clock, an import's exchange time: <see cref="JournalOrigin"/>) and its exchange time the venue's stamp of
/// market data (0 for every other input). A payload's times are named in the schema (engine-schema.xml's header
/// comment and field descriptions); this is that naming, by field. Immutable.
/// </summary>
public sealed class RecordClocks
{
    private readonly JournalOrigin _origin;

    public RecordClocks(JournalOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        _origin = origin;
    }

    public string EngineTime => _origin.EngineClock;

    public string ExchangeTime => _origin.ExchangeClock;

    /// <summary>The clock of a payload's time field (by its schema name), or null for a field that is not a known time.</summary>
    public string? OfField(string field) => field switch
    {
        "exchangeTime" or "fundingTime" => _origin.ExchangeClock,
        "transactTime" => _origin.ExchangeClock + "; for the engine's internal crossing and refusals, the engine time of the input",
        "gatewayReceiveTime" or "triggerTime" => Simulated ?? "venue gateway's receive clock (its host's wall clock, UTC)",
        "sendingTime" => Simulated ?? "sender's clock (the client gateway's; the engine time of the causing input for the engine's own requests)",
        "requestTime" => Simulated ?? "operator's clock (the admin gateway's, UTC)",
        "time" or "detectedTime" or "postedTime" => _origin.EngineClock,
        "expireTime" => "order expiry, compared with the engine clock",
        _ => null,
    };

    private string? Simulated => _origin.Source == JournalOrigin.BacktestSource ? "simulated clock (backtest)" : null;
}
