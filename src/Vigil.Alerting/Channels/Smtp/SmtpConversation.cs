using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Alerting.Channels.Smtp;

/// <summary>
/// One SMTP session as a client (RFC 5321): greeting, EHLO, STARTTLS or implicit TLS, AUTH PLAIN/LOGIN, one message.
/// Our own because System.Net.Mail.SmtpClient has no implicit TLS (port 465), is marked not for new development, and
/// folds replies into exceptions where a 4yz/5yz split (retry or dead letter) needs care. Replies are bounded: a line
/// of at most <see cref="MaxLine"/> bytes, a reply of at most <see cref="MaxReplyLines"/> lines.
/// </summary>
internal sealed class SmtpConversation : IAsyncDisposable
{
    private const int MaxLine = 2048;
    private const int MaxReplyLines = 64;

    private readonly TcpClient _tcp;
    private readonly SmtpSettings _settings;
    private readonly byte[] _buffer = new byte[MaxLine * 2];
    private Stream _stream;
    private int _start;
    private int _end;

    private SmtpConversation(TcpClient tcp, SmtpSettings settings)
    {
        _tcp = tcp;
        _settings = settings;
        _stream = Stream.Null;
    }

    public static async Task<SmtpConversation> OpenAsync(SmtpSettings settings, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        var conversation = new SmtpConversation(tcp, settings);
        try
        {
            await tcp.ConnectAsync(settings.Host, settings.Port, cancellationToken);
            conversation._stream = tcp.GetStream();
            if (settings.Tls == SmtpTls.Implicit)
                await conversation.StartTlsAsync(cancellationToken);
            await conversation.ExpectAsync("greeting", 220, cancellationToken);
            var extensions = await conversation.HelloAsync(cancellationToken);
            if (settings.Tls == SmtpTls.StartTls)
            {
                if (!extensions.Contains("STARTTLS"))
                    throw new SmtpCapabilityException("the server offers no STARTTLS (tls: starttls)");
                await conversation.CommandAsync("STARTTLS", "STARTTLS", 220, cancellationToken);
                await conversation.StartTlsAsync(cancellationToken);
                extensions = await conversation.HelloAsync(cancellationToken);
            }
            if (settings.Username is { } user)
                await conversation.AuthenticateAsync(extensions, user, settings.Password ?? "", cancellationToken);
            return conversation;
        }
        catch
        {
            await conversation.DisposeAsync();
            throw;
        }
    }

    public async Task SendAsync(string from, IEnumerable<string> to, string message, CancellationToken cancellationToken)
    {
        await CommandAsync("MAIL FROM", $"MAIL FROM:<{from}>", 250, cancellationToken);
        foreach (var recipient in to)
            await CommandAsync("RCPT TO", $"RCPT TO:<{recipient}>", 250, cancellationToken);
        await CommandAsync("DATA", "DATA", 354, cancellationToken);
        await WriteAsync(DotStuffed(message) + ".\r\n", cancellationToken);
        await ExpectAsync("end of DATA", 250, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_tcp.Connected)
            {
                // Polite, not needed: the message is accepted or not already.
                using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await WriteAsync("QUIT\r\n", quit.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The session is over either way.
        }
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    /// <summary>A line starting with a dot gets a second one, so it cannot end the DATA early (RFC 5321 §4.5.2).</summary>
    internal static string DotStuffed(string message)
    {
        var text = message.ReplaceLineEndings("\r\n");
        if (!text.EndsWith("\r\n", StringComparison.Ordinal))
            text += "\r\n";
        return (text.StartsWith('.') ? "." : "") + text.Replace("\r\n.", "\r\n..", StringComparison.Ordinal);
    }

    private async Task<HashSet<string>> HelloAsync(CancellationToken cancellationToken)
    {
        await WriteAsync($"EHLO {_settings.HeloName}\r\n", cancellationToken);
        var (code, lines) = await ReadReplyAsync(cancellationToken);
        if (code != 250)
            throw new SmtpReplyException("EHLO", code, lines[0]);
        // The first line is the server's name; each further line is one extension keyword with its parameters.
        return [.. lines.Skip(1).Select(l => l.ToUpperInvariant()).SelectMany(Keywords)];
    }

    /// <summary>"AUTH PLAIN LOGIN" offers "AUTH PLAIN" and "AUTH LOGIN"; other extensions are their keyword.</summary>
    private static IEnumerable<string> Keywords(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
            return [];
        return parts[0] == "AUTH" ? parts.Skip(1).Select(m => "AUTH " + m) : [parts[0]];
    }

    private async Task AuthenticateAsync(HashSet<string> extensions, string user, string password, CancellationToken cancellationToken)
    {
        if (extensions.Contains("AUTH PLAIN"))
        {
            var token = Base64($"\0{user}\0{password}");
            await CommandAsync("AUTH PLAIN", $"AUTH PLAIN {token}", 235, cancellationToken);
        }
        else if (extensions.Contains("AUTH LOGIN"))
        {
            await CommandAsync("AUTH LOGIN", "AUTH LOGIN", 334, cancellationToken);
            await CommandAsync("AUTH LOGIN", Base64(user), 334, cancellationToken);
            await CommandAsync("AUTH LOGIN", Base64(password), 235, cancellationToken);
        }
        else
        {
            throw new SmtpCapabilityException("the server offers neither AUTH PLAIN nor AUTH LOGIN here (a username is set)");
        }
    }

    private async Task StartTlsAsync(CancellationToken cancellationToken)
    {
        var verify = _settings.VerifyTls;
        var tls = new SslStream(_stream, leaveInnerStreamOpen: false, (_, _, _, errors) => !verify || errors == SslPolicyErrors.None);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = _settings.Host }, cancellationToken);
        _stream = tls;
        // Nothing read before the handshake may be trusted after it (RFC 3207 §4.2).
        _start = _end = 0;
    }

    /// <summary>Sends <paramref name="line"/>; <paramref name="name"/> is what the error says, so AUTH never echoes the credentials.</summary>
    private async Task CommandAsync(string name, string line, int expected, CancellationToken cancellationToken)
    {
        await WriteAsync(line + "\r\n", cancellationToken);
        await ExpectAsync(name, expected, cancellationToken);
    }

    private async Task ExpectAsync(string name, int expected, CancellationToken cancellationToken)
    {
        var (code, lines) = await ReadReplyAsync(cancellationToken);
        if (code != expected)
            throw new SmtpReplyException(name, code, string.Join(" ", lines));
    }

    private async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }

    private async Task<(int Code, List<string> Lines)> ReadReplyAsync(CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        while (lines.Count < MaxReplyLines)
        {
            var line = await ReadLineAsync(cancellationToken);
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), out var code) || (line.Length > 3 && line[3] is not (' ' or '-')))
                throw new IOException("the server's reply is not SMTP");
            lines.Add(line.Length > 4 ? line[4..] : "");
            if (line.Length == 3 || line[3] == ' ')
                return (code, lines);
        }
        throw new IOException($"the server's reply is longer than {MaxReplyLines} lines");
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var line = Encoding.UTF8.GetString(_buffer, _start, newline - _start).TrimEnd('\r');
                _start = newline + 1;
                return line;
            }
            if (_end - _start >= MaxLine)
                throw new IOException($"the server sent a line longer than {MaxLine} bytes");
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
                throw new IOException("the server closed the connection");
            _end += read;
        }
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
