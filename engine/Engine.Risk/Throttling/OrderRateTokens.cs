using System.Runtime.CompilerServices;
using Engine.Primitives;

namespace Engine.Risk;

/// <summary>
/// The order-rate tokens of accounts and strategies: the pre-trade check looks at them (<see cref="Look"/>), and
/// the order, once accepted (after the ledger reserved its funds), takes them (<see cref="Take"/>), so a refused order
/// costs none. The levels a passing look computed are kept for the take that follows it (<see cref="PassedTokens"/>):
/// computing them again cost ~14 ns per order in risk-check. Owned by the BLP thread.
/// </summary>
internal sealed class OrderRateTokens
{
    private readonly RiskTables _tables;

    // The bucket levels the last passing look computed, so that taking the tokens right after it (the BLP's next
    // risk call once the ledger reserved the funds) commits them without computing them again. Valid for one take
    // of the same account, strategy and time; limit changes and snapshot restores forget it.
    private PassedTokens _passed;

    public OrderRateTokens(RiskTables tables) => _tables = tables;

    /// <summary>Whether the account (and, for a strategy order, the strategy) has a token now; remembers the levels when it does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ResultCode Look(ref AccountRiskState account, int accountId, int strategyId, long now) =>
        LookOrTake(ref account, accountId, strategyId, now, commit: false);

    /// <summary>Takes one token from the account's bucket and, for a strategy order, from the strategy's: the order was accepted.</summary>
    /// <remarks>
    /// Taken after the ledger reserved the order's funds, so that a refused order costs no token. Right after the
    /// check that passed the order it commits the levels that check computed (<see cref="PassedTokens"/>); computing
    /// them again cost ~14 ns per order in risk-check. The failure is thrown from a helper so that this frame stays
    /// small enough to inline.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Take(AccountId account, StrategyId strategy, long now)
    {
        int accountId = account.Value;
        if (!_tables.IsAccountOpen(accountId))
        {
            ThrowNoToken(account, strategy);
        }

        ref AccountRiskState state = ref _tables.Accounts[accountId];
        if (_passed.Matches(accountId, strategy.Value, now))
        {
            PassedTokens passed = _passed;
            _passed = default;
            CommitTokens(ref state, strategy.Value, now, passed.AccountLevel, passed.StrategyLevel);
            return;
        }

        if (LookOrTake(ref state, accountId, strategy.Value, now, commit: true) != ResultCode.Ok)
        {
            ThrowNoToken(account, strategy);
        }
    }

    /// <summary>Forgets the levels the last passing check computed: a limit or the buckets changed.</summary>
    public void Forget() => _passed = default;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNoToken(AccountId account, StrategyId strategy) =>
        throw new InvalidOperationException($"account {account} / strategy {strategy}: an accepted order found no order-rate token (or its account is not open); the check that passed it must have seen one");

    /// <summary>
    /// Looks at (or, with <paramref name="commit"/>, takes) one token from the account's bucket and, for a strategy
    /// order, from the strategy's; both or neither. Each level is computed once (no division). A look that passes
    /// remembers the levels for <see cref="Take"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ResultCode LookOrTake(ref AccountRiskState account, int accountId, int strategyId, long now, bool commit)
    {
        OrderRateLimit accountRate = account.Limits.OrderRate;
        long accountLevel = PassedTokens.NotLimited;
        if (!accountRate.IsUnlimited)
        {
            accountLevel = account.OrderBucket.LevelAt(accountRate, now);
            if (accountLevel < TokenBucket.NanoTokensPerToken)
            {
                return ResultCode.AccountOrderRate;
            }
        }

        long strategyLevel = PassedTokens.NotLimited;
        if (strategyId != 0)
        {
            ref StrategyRiskState strategy = ref _tables.Strategies[strategyId];
            if (!strategy.Limit.IsUnlimited)
            {
                strategyLevel = strategy.OrderBucket.LevelAt(strategy.Limit, now);
                if (strategyLevel < TokenBucket.NanoTokensPerToken)
                {
                    return ResultCode.StrategyOrderRate;
                }
            }
        }

        if (commit)
        {
            CommitTokens(ref account, strategyId, now, accountLevel, strategyLevel);
        }
        else
        {
            _passed = new PassedTokens(accountId, strategyId, now, accountLevel, strategyLevel);
        }

        return ResultCode.Ok;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CommitTokens(ref AccountRiskState account, int strategyId, long now, long accountLevel, long strategyLevel)
    {
        if (strategyLevel != PassedTokens.NotLimited)
        {
            _tables.Strategies[strategyId].OrderBucket.Commit(strategyLevel - TokenBucket.NanoTokensPerToken, now);
        }

        if (accountLevel != PassedTokens.NotLimited)
        {
            account.OrderBucket.Commit(accountLevel - TokenBucket.NanoTokensPerToken, now);
        }
    }
}
