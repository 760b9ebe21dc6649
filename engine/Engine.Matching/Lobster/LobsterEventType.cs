namespace Engine.Matching.Lobster;

/// <summary>LOBSTER message types (column 2 of the message file).</summary>
public enum LobsterEventType : byte
{
    NewOrder = 1,
    PartialCancel = 2,
    Delete = 3,
    VisibleExecution = 4,
    HiddenExecution = 5,
    CrossTrade = 6,
    TradingHalt = 7,
}
