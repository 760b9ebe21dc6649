namespace Engine.Ledger.Accounts;

/// <summary>Who an account belongs to.</summary>
public enum OwnerKind : byte
{
    /// <summary>A trading account of ours (a client, a strategy's book).</summary>
    Client = 1,

    /// <summary>A venue, the counterparty of our trades and the custodian of our balances there.</summary>
    Venue = 2,

    /// <summary>The world outside the engine: deposits come from it and withdrawals go to it.</summary>
    World = 3,
}
