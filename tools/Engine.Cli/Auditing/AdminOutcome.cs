namespace Engine.Cli.Auditing;

/// <summary>What the engine did with one admin input: applied or refused (and why), and the orders it canceled.</summary>
public readonly record struct AdminOutcome(bool Applied, uint Affected, string Reason);
