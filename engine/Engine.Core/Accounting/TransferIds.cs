using Engine.Ledger.Postings;
using Engine.Ledger.Transfers;
using Engine.Risk;

namespace Engine.Core;

/// <summary>
/// Transfer ids derived from the input sequence, so replay reproduces every id and an auditor can tell which input
/// caused a transfer (<see cref="CauseSequence"/>): input s owns the ids s x 65,536 + 1 .. s x 65,536 + 65,535.
/// Trading postings take bases <see cref="TradingPostings.MaxLegs"/> apart from the bottom of that range: 8,191
/// postings per input, enough for one order sweeping a full internal crossing book (about three postings per trade;
/// see <see cref="InternalCrossing.MaxRestingOrders"/>); one more is a bug and fails loudly. A funding settlement, the one input that posts for many accounts,
/// gives account a the id s x 65,536 + a (<see cref="ForAccount"/>): account ids stop at
/// <see cref="RiskSettings.MaxAccountIdLimit"/> = 65,535, so every holder has its id and ids still rise within the
/// input, which keeps the ledger's transfer index append-only. Sequences stay below 2^47 (far beyond any journal).
/// Owned by the BLP thread.
/// </summary>
public struct TransferIds
{
    public const int PostingsPerInput = (int)((IdsPerInput - 1) / TradingPostings.MaxLegs);

    /// <summary>Ids each input owns: s x IdsPerInput + 1 .. (s + 1) x IdsPerInput - 1.</summary>
    public const long IdsPerInput = 1 << 16;

    private long _sequence;
    private int _used;

    public void Begin(long sequence)
    {
        _sequence = sequence;
        _used = 0;
    }

    public TransferId Next()
    {
        if (_used == PostingsPerInput)
        {
            throw new InvalidOperationException($"input {_sequence} needed more than {PostingsPerInput} ledger postings");
        }

        return new TransferId(checked((_sequence * IdsPerInput) + 1 + (_used++ * TradingPostings.MaxLegs)));
    }

    /// <summary>The one single-leg transfer of the current input for account <paramref name="account"/> (funding); not mixed with <see cref="Next"/> in one input.</summary>
    public readonly TransferId ForAccount(int account)
    {
        if (account is < 1 or > RiskSettings.MaxAccountIdLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(account), account, $"account ids are 1..{RiskSettings.MaxAccountIdLimit}");
        }

        return new TransferId(checked((_sequence * IdsPerInput) + account));
    }

    /// <summary>The journal sequence of the input that caused the transfer with this id.</summary>
    public static long CauseSequence(TransferId id) => (id.Value - 1) / IdsPerInput;
}
