using System.Globalization;

namespace Engine.Ledger.Transfers;

/// <summary>
/// A transfer's id, chosen by the submitter (derived from the input that caused it, so replay reuses it). Ids are
/// the idempotency key: submitting the same transfer twice answers "exists". 0 is never valid.
/// </summary>
public readonly record struct TransferId(long Value)
{
    public static readonly TransferId None;

    public bool IsNone => Value == 0;

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
