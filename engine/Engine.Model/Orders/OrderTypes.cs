namespace Engine.Model;

/// <summary>Questions about an <see cref="OrderType"/>.</summary>
public static class OrderTypes
{
    /// <summary>True for the types that wait at the venue for a trigger price.</summary>
    public static bool IsStop(this OrderType type) => type is OrderType.StopMarket or OrderType.StopLimit;
}
