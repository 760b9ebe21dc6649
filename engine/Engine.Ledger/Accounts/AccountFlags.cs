namespace Engine.Ledger.Accounts;

/// <summary>Balance constraints of an account, as TigerBeetle defines them.</summary>
[Flags]
public enum AccountFlags : ushort
{
    None = 0,

    /// <summary>debits pending + debits posted may never exceed credits posted (no overdraft of a credit balance).</summary>
    DebitsMustNotExceedCredits = 1 << 0,

    /// <summary>credits pending + credits posted may never exceed debits posted.</summary>
    CreditsMustNotExceedDebits = 1 << 1,
}
