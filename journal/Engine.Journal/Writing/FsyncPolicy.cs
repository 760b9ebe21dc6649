namespace Engine.Journal.Writing;

/// <summary>When appended records are forced to stable storage, i.e. what "acknowledged" means.</summary>
public enum FsyncPolicy
{
    /// <summary>
    /// Never: a commit publishes the records to the page cache only. Survives a crash of the process (the kernel
    /// still holds the pages), not of the machine.
    /// </summary>
    None = 0,

    /// <summary>Group commit: one <c>fdatasync</c> at the end of each batch covers every record of the batch.</summary>
    PerBatch = 1,

    /// <summary>One <c>fdatasync</c> per record; the durable sequence advances record by record.</summary>
    EveryRecord = 2,
}
