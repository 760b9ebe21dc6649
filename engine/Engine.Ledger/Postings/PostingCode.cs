namespace Engine.Ledger.Postings;

/// <summary>The <see cref="Transfers.Transfer.Code"/> of each kind of posting, so auditors can group transfers.</summary>
public enum PostingCode : ushort
{
    Deposit = 1,
    Withdrawal = 2,
    SpotQuoteLeg = 10,
    SpotBaseLeg = 11,
    TradeFee = 12,
    OrderReservation = 13,
    PerpPositionLeg = 20,
    PerpMargin = 21,
    PerpRealisedPnL = 22,
    Funding = 30,
}
