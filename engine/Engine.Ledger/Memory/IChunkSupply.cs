namespace Engine.Ledger;

/// <summary>What <see cref="ChunkProvisioner"/> serves: a table's supply of its next chunk.</summary>
internal interface IChunkSupply
{
    /// <summary>Allocates and faults in the spare chunk if it is still wanted (on the provisioner's thread).</summary>
    void Fill();
}
