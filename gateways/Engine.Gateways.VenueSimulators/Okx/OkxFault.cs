namespace Engine.Gateways.VenueSimulators.Okx;

/// <summary>What a faulty answer does (not OKX's: a test's way to reproduce what a network and a venue do to an order request).</summary>
public enum OkxFaultKind
{
    /// <summary>The request is applied, and the answer is held back for <see cref="OkxFault.DelayMillis"/>.</summary>
    Delay,

    /// <summary>The request is applied, and the answer is HTTP 500 <c>50026</c>: its outcome is unknown to the client.</summary>
    ServerError,

    /// <summary>The request is not applied, and the answer is HTTP 500 <c>50026</c>.</summary>
    ServerErrorNotApplied,

    /// <summary>The request is applied, and the connection is closed without an answer.</summary>
    Drop,
}

/// <summary>One fault, applied to the next order request (place, batch place, amend) the simulator receives over REST.</summary>
public sealed record OkxFault(OkxFaultKind Kind, int DelayMillis = 0)
{
    /// <summary>Reads <c>kind=delay|500|500-not-applied|drop</c> and <c>delayMillis</c> of the control endpoint.</summary>
    public static OkxFault? Parse(string? kind, string? delayMillis) => kind switch
    {
        "delay" when int.TryParse(delayMillis, System.Globalization.CultureInfo.InvariantCulture, out int delay) && delay > 0 => new OkxFault(OkxFaultKind.Delay, delay),
        "500" => new OkxFault(OkxFaultKind.ServerError),
        "500-not-applied" => new OkxFault(OkxFaultKind.ServerErrorNotApplied),
        "drop" => new OkxFault(OkxFaultKind.Drop),
        _ => null,
    };
}
