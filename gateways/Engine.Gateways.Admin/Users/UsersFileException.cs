namespace Engine.Gateways.Admin.Users;

/// <summary>A users file that cannot be read, parsed or written, or a change it refuses; the message says which and why.</summary>
public sealed class UsersFileException(string message) : Exception(message);
