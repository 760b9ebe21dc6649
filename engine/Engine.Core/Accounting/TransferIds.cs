using Engine.Ledger.Postings;
using Engine.Ledger.Transfers;
using Engine.Risk;

namespace Engine.Core;

/// <summary>
/// Transfer ids derived from the input sequence, so replay reproduces every id and an auditor can tell which input
/// caused a transfer (<see cref="CauseSequence"/>): input s owns the ids s x 2^20 + 1 .. s x 2^20 + 2^20 - 1, in two
/// ranges that never meet.
/// <list type="bullet">
/// <item>s x 2^20 + a for account a (<see cref="ForAccount"/>): a funding settlement, the one input that posts for many
/// accounts, gives every holder its own id. Account ids stop at <see cref="RiskSettings.MaxAccountIdLimit"/> = 65,535.</item>
/// <item>From s x 2^20 + 65,536 up (<see cref="Next"/>): every other posting, bases <see cref="TradingPostings.MaxLegs"/>
/// apart (a chain's legs are consecutive). That is 122,880 postings per input: an order sweeping a full internal crossing
/// book costs about three per trade, a kill switch one per canceled internal order (<see cref="InternalCrossing"/>
/// checks its books fit). One more is a bug and fails loudly.</item>
/// </list>
/// Ids rise within an input (funding first, then what its kill switches cancel), which keeps the ledger's transfer
/// index append-only. Sequences stay below 2^43 (far beyond any journal). Owned by the BLP thread.
/// </summary>
public struct TransferIds
{
    /// <summary>Ids each input owns: s x IdsPerInput + 1 .. (s + 1) x IdsPerInput - 1.</summary>
    public const long IdsPerInput = 1 << 20;

    public const int PostingsPerInput = (int)((IdsPerInput - FirstPostingOffset) / TradingPostings.MaxLegs);

    // Below it: one id per account (funding).
    private const long FirstPostingOffset = RiskSettings.MaxAccountIdLimit + 1;

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

        return new TransferId(checked((_sequence * IdsPerInput) + FirstPostingOffset + (_used++ * TradingPostings.MaxLegs)));
    }

    /// <summary>The single-leg transfer of the current input for account <paramref name="account"/> (funding).</summary>
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
