using Engine.Primitives;

namespace Engine.Ledger;

/// <summary>
/// The outcome of a ledger operation: the ledger's view of the 4xxx range of the engine's one registry of result
/// codes (<see cref="ResultCode"/>), whose numbers it takes, so a ledger code means the same thing everywhere. For
/// transfers they are checked in the order of this enum (after <see cref="Ok"/>), so a transfer with several
/// problems always reports the same one, the first, as TigerBeetle does.
/// </summary>
public enum LedgerResult : short
{
    Ok = (short)ResultCode.Ok,

    LinkedEventFailed = (short)ResultCode.LinkedEventFailed,
    LinkedEventChainOpen = (short)ResultCode.LinkedEventChainOpen,
    IdMustNotBeZero = (short)ResultCode.IdMustNotBeZero,
    FlagsAreMutuallyExclusive = (short)ResultCode.FlagsAreMutuallyExclusive,
    DebitAccountIdMustNotBeZero = (short)ResultCode.DebitAccountIdMustNotBeZero,
    CreditAccountIdMustNotBeZero = (short)ResultCode.CreditAccountIdMustNotBeZero,
    AccountsMustBeDifferent = (short)ResultCode.AccountsMustBeDifferent,
    PendingIdMustBeZero = (short)ResultCode.PendingIdMustBeZero,
    PendingIdMustNotBeZero = (short)ResultCode.PendingIdMustNotBeZero,
    PendingIdMustBeDifferent = (short)ResultCode.PendingIdMustBeDifferent,
    TimeoutReservedForPendingTransfer = (short)ResultCode.TimeoutReservedForPendingTransfer,
    TimeoutMustNotBeNegative = (short)ResultCode.TimeoutMustNotBeNegative,
    CodeMustNotBeZero = (short)ResultCode.CodeMustNotBeZero,
    AmountMustBePositive = (short)ResultCode.AmountMustBePositive,
    DebitAccountNotFound = (short)ResultCode.DebitAccountNotFound,
    CreditAccountNotFound = (short)ResultCode.CreditAccountNotFound,
    AccountsMustHaveTheSameAsset = (short)ResultCode.AccountsMustHaveTheSameAsset,
    PendingTransferNotFound = (short)ResultCode.PendingTransferNotFound,
    PendingTransferNotPending = (short)ResultCode.PendingTransferNotPending,
    PendingTransferHasDifferentDebitAccount = (short)ResultCode.PendingTransferHasDifferentDebitAccount,
    PendingTransferHasDifferentCreditAccount = (short)ResultCode.PendingTransferHasDifferentCreditAccount,
    PendingTransferHasDifferentCode = (short)ResultCode.PendingTransferHasDifferentCode,
    ExceedsPendingTransferAmount = (short)ResultCode.ExceedsPendingTransferAmount,
    PendingTransferHasDifferentAmount = (short)ResultCode.PendingTransferHasDifferentAmount,
    ExistsWithDifferentFlags = (short)ResultCode.ExistsWithDifferentFlags,
    ExistsWithDifferentDebitAccount = (short)ResultCode.ExistsWithDifferentDebitAccount,
    ExistsWithDifferentCreditAccount = (short)ResultCode.ExistsWithDifferentCreditAccount,
    ExistsWithDifferentAmount = (short)ResultCode.ExistsWithDifferentAmount,
    ExistsWithDifferentPendingId = (short)ResultCode.ExistsWithDifferentPendingId,
    ExistsWithDifferentUserData = (short)ResultCode.ExistsWithDifferentUserData,
    ExistsWithDifferentTimeout = (short)ResultCode.ExistsWithDifferentTimeout,
    ExistsWithDifferentCode = (short)ResultCode.ExistsWithDifferentCode,
    Exists = (short)ResultCode.Exists,
    PendingTransferAlreadyPosted = (short)ResultCode.PendingTransferAlreadyPosted,
    PendingTransferAlreadyVoided = (short)ResultCode.PendingTransferAlreadyVoided,
    PendingTransferExpired = (short)ResultCode.PendingTransferExpired,
    OverflowsDebitsPending = (short)ResultCode.OverflowsDebitsPending,
    OverflowsCreditsPending = (short)ResultCode.OverflowsCreditsPending,
    OverflowsDebitsPosted = (short)ResultCode.OverflowsDebitsPosted,
    OverflowsCreditsPosted = (short)ResultCode.OverflowsCreditsPosted,
    OverflowsDebits = (short)ResultCode.OverflowsDebits,
    OverflowsCredits = (short)ResultCode.OverflowsCredits,
    OverflowsTimeout = (short)ResultCode.OverflowsTimeout,
    ExceedsCredits = (short)ResultCode.ExceedsCredits,
    ExceedsDebits = (short)ResultCode.ExceedsDebits,

    // Accounts.
    AccountExistsWithDifferentFlags = (short)ResultCode.AccountExistsWithDifferentFlags,
    AccountAssetMustNotBeZero = (short)ResultCode.AccountAssetMustNotBeZero,
}
