namespace Engine.Journal.Reading;

/// <summary>Receives records from <see cref="JournalTailer.Poll{THandler}"/>; use a struct for inlined dispatch.</summary>
public interface IJournalRecordHandler
{
    void OnRecord(in JournalRecord record);
}
