namespace Vigil.Alerting.Channels.Smtp;

/// <summary>The server answered a command with an unexpected reply: 4yz is temporary, 5yz permanent (RFC 5321 §4.2.1).</summary>
internal sealed class SmtpReplyException(string command, int code, string text)
    : Exception($"{command}: {code} {text}")
{
    public int Code { get; } = code;
}

/// <summary>The server lacks what the settings ask for (STARTTLS, an AUTH mechanism): a retry meets the same server.</summary>
internal sealed class SmtpCapabilityException(string message) : Exception(message);
