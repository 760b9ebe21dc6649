namespace Engine.Matching;

/// <summary>
/// Visits orders in priority order without allocating: implement it on a struct and pass it by <c>ref</c>, so the
/// JIT specialises the loop and the visitor's state comes back to the caller. Return false to stop.
/// </summary>
public interface IOrderVisitor
{
    bool Visit(in BookOrder order);
}
