namespace Engine.Ledger;

/// <summary>
/// The outcome of a ledger operation. Ledger codes live in the 4xxx range. For transfers they are checked in the
/// order of this enum (after <see cref="Ok"/>), so a transfer with several problems always reports the same one,
/// the first, as TigerBeetle does.
/// </summary>
public enum LedgerResult
{
    Ok = 0,

    LinkedEventFailed = 4001,
    LinkedEventChainOpen = 4002,
    IdMustNotBeZero = 4003,
    FlagsAreMutuallyExclusive = 4004,
    DebitAccountIdMustNotBeZero = 4005,
    CreditAccountIdMustNotBeZero = 4006,
    AccountsMustBeDifferent = 4007,
    PendingIdMustBeZero = 4008,
    PendingIdMustNotBeZero = 4009,
    PendingIdMustBeDifferent = 4010,
    TimeoutReservedForPendingTransfer = 4011,
    TimeoutMustNotBeNegative = 4012,
    CodeMustNotBeZero = 4013,
    AmountMustBePositive = 4014,
    DebitAccountNotFound = 4015,
    CreditAccountNotFound = 4016,
    AccountsMustHaveTheSameAsset = 4017,
    PendingTransferNotFound = 4018,
    PendingTransferNotPending = 4019,
    PendingTransferHasDifferentDebitAccount = 4020,
    PendingTransferHasDifferentCreditAccount = 4021,
    PendingTransferHasDifferentCode = 4022,
    ExceedsPendingTransferAmount = 4023,
    PendingTransferHasDifferentAmount = 4024,
    ExistsWithDifferentFlags = 4025,
    ExistsWithDifferentDebitAccount = 4026,
    ExistsWithDifferentCreditAccount = 4027,
    ExistsWithDifferentAmount = 4028,
    ExistsWithDifferentPendingId = 4029,
    ExistsWithDifferentUserData = 4030,
    ExistsWithDifferentTimeout = 4031,
    ExistsWithDifferentCode = 4032,
    Exists = 4033,
    PendingTransferAlreadyPosted = 4034,
    PendingTransferAlreadyVoided = 4035,
    PendingTransferExpired = 4036,
    OverflowsDebitsPending = 4037,
    OverflowsCreditsPending = 4038,
    OverflowsDebitsPosted = 4039,
    OverflowsCreditsPosted = 4040,
    OverflowsDebits = 4041,
    OverflowsCredits = 4042,
    OverflowsTimeout = 4043,
    ExceedsCredits = 4044,
    ExceedsDebits = 4045,

    // Accounts.
    AccountExistsWithDifferentFlags = 4101,
    AccountAssetMustNotBeZero = 4102,
}
