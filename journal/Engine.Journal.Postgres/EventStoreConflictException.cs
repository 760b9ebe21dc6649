namespace Engine.Journal.Postgres;

/// <summary>
/// The event store cannot continue from this journal: it holds records the journal does not have, records that
/// differ from the journal's, or the journal no longer holds the records that follow the store's last one.
/// Retrying does not help; an operator must look.
/// </summary>
public sealed class EventStoreConflictException : IOException
{
    public EventStoreConflictException(string message)
        : base(message)
    {
    }
}
