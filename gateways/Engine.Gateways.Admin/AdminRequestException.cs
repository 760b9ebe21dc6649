namespace Engine.Gateways.Admin;

/// <summary>A request the gateway refuses before it reaches the engine; the message names the field and the problem.</summary>
public sealed class AdminRequestException(string message) : Exception(message);
