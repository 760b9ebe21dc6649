namespace Engine.Architecture.Tests;

/// <summary>A reference from one project or assembly to another, with where it was found.</summary>
public readonly record struct DependencyEdge(string From, string To, string Evidence);
