using Engine.Primitives;

namespace Engine.Ledger;

/// <summary>Reasons in words for <see cref="LedgerResult"/> (the registry's): constant strings, so reporting them does not allocate.</summary>
public static class LedgerResults
{
    public static bool IsSuccess(LedgerResult result) => result is LedgerResult.Ok or LedgerResult.Exists;

    /// <summary>The result as the engine's registry code (the same number).</summary>
    public static ResultCode ToResultCode(this LedgerResult result) => (ResultCode)result;

    public static string Reason(LedgerResult result) => ResultCodes.Reason((ResultCode)result);
}
