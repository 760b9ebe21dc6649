namespace Engine.Gateways.VenueSimulators.Deribit;

/// <summary>What a faulty answer does (not Deribit's: a test's way to reproduce what a network and a venue do to an order request).</summary>
public enum DeribitFaultKind
{
    /// <summary>The request is applied, and the answer is held back for <see cref="DeribitFault.DelayMillis"/>.</summary>
    Delay,

    /// <summary>The request is applied, and the connection is closed without an answer (cancel-on-disconnect then applies).</summary>
    Drop,

    /// <summary>The request is applied, and the answer is 11094 internal_server_error: its outcome is unknown to the client.</summary>
    InternalError,

    /// <summary>The request is not applied, and the answer is 13028 temporarily_unavailable.</summary>
    Unavailable,
}

/// <summary>One fault, applied to the next matching-engine request (buy, sell, edit, a cancel) the simulator receives.</summary>
public sealed record DeribitFault(DeribitFaultKind Kind, int DelayMillis = 0)
{
    /// <summary>Reads <c>kind=delay|drop|internal-error|unavailable</c> and <c>delayMillis</c> of the control endpoint.</summary>
    public static DeribitFault? Parse(string? kind, string? delayMillis) => kind switch
    {
        "delay" when int.TryParse(delayMillis, System.Globalization.CultureInfo.InvariantCulture, out int delay) && delay > 0 => new DeribitFault(DeribitFaultKind.Delay, delay),
        "drop" => new DeribitFault(DeribitFaultKind.Drop),
        "internal-error" => new DeribitFault(DeribitFaultKind.InternalError),
        "unavailable" => new DeribitFault(DeribitFaultKind.Unavailable),
        _ => null,
    };
}
