namespace Vigil.Alerting.Pipeline;

/// <summary>Alert kinds as stored and shown ("down", "up", …): the lower-case enum name, never renamed.</summary>
public static class AlertKinds
{
    private static readonly string[] Names = [.. Enum.GetValues<AlertKind>().Select(k => k.ToString().ToLowerInvariant())];

    public static string Name(AlertKind kind) => Names[(int)kind];

    public static AlertKind Parse(string name) => (AlertKind)Array.IndexOf(Names, name) is var kind && kind >= 0 ? kind : AlertKind.System;
}
