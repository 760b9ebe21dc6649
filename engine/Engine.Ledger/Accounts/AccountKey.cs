namespace Engine.Ledger.Accounts;

/// <summary>An account's identity: owner, asset and type. One account per key. Immutable.</summary>
public readonly record struct AccountKey(LedgerOwner Owner, AssetId Asset, AccountType Type) : IComparable<AccountKey>
{
    public int CompareTo(AccountKey other)
    {
        int byOwner = Owner.CompareTo(other.Owner);
        if (byOwner != 0)
        {
            return byOwner;
        }

        int byAsset = Asset.CompareTo(other.Asset);
        return byAsset != 0 ? byAsset : Type.CompareTo(other.Type);
    }

    public override string ToString() => $"{Owner}/{Asset}/{Type}";
}
