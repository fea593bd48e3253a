using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.Channels;

namespace Vigil.Alerting.Tests.Smtp;

/// <summary>
/// A small SMTP server on a free loopback port, one session at a time, that keeps what it accepts. It can offer
/// STARTTLS or speak TLS from the first byte (a self-signed certificate), require AUTH PLAIN/LOGIN, and answer RCPT
/// or the end of DATA with a chosen reply to test 4yz and 5yz handling.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    public const string User = "alerts";
    public const string Password = "p4ss w0rd";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<ReceivedMail> _received = Channel.CreateUnbounded<ReceivedMail>();
    private readonly X509Certificate2 _certificate = SelfSigned();
    private readonly Task _loop;

    public SmtpSink(bool implicitTls = false, bool offerStartTls = true, string? authMechanisms = null, string? rcptReply = null, string? dataReply = null)
    {
        ImplicitTls = implicitTls;
        OfferStartTls = offerStartTls;
        AuthMechanisms = authMechanisms;
        RcptReply = rcptReply;
        DataReply = dataReply;
        _listener.Start();
        _loop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public bool ImplicitTls { get; }

    public bool OfferStartTls { get; }

    /// <summary>"PLAIN LOGIN", "LOGIN" …; when set, MAIL needs a successful AUTH.</summary>
    public string? AuthMechanisms { get; }

    public string? RcptReply { get; }

    public string? DataReply { get; }

    public int Sessions { get; private set; }

    public async Task<ReceivedMail> NextAsync() =>
        await _received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    public bool Nothing => !_received.Reader.TryPeek(out _);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
        _certificate.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Sessions++;
            try
            {
                await SessionAsync(client.GetStream());
            }
            catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
            {
                // The client went away mid-session.
            }
        }
    }

    private async Task SessionAsync(Stream network)
    {
        Stream stream = network;
        var tls = false;
        if (ImplicitTls)
        {
            stream = await ServerTlsAsync(stream);
            tls = true;
        }
        var io = new LineIo(stream);
        string? from = null, authUser = null, authPassword = null;
        var to = new List<string>();
        await io.WriteAsync("220 sink.test ESMTP");
        while (true)
        {
            var line = await io.ReadAsync();
            if (line is null)
                return;
            var verb = line.Split(' ')[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    var offers = new List<string> { "sink.test", "8BITMIME" };
                    if (OfferStartTls && !tls && !ImplicitTls)
                        offers.Add("STARTTLS");
                    if (AuthMechanisms is not null)
                        offers.Add("AUTH " + AuthMechanisms);
                    offers.Add("SIZE 1000000");
                    for (var i = 0; i < offers.Count; i++)
                        await io.WriteAsync($"250{(i == offers.Count - 1 ? ' ' : '-')}{offers[i]}");
                    break;
                case "STARTTLS":
                    await io.WriteAsync("220 go ahead");
                    stream = await ServerTlsAsync(stream);
                    io = new LineIo(stream);
                    tls = true;
                    break;
                case "AUTH":
                    var parts = line.Split(' ');
                    if (parts[1].Equals("PLAIN", StringComparison.OrdinalIgnoreCase))
                    {
                        var fields = Decode(parts[2]).Split('\0');
                        (authUser, authPassword) = (fields[1], fields[2]);
                    }
                    else
                    {
                        await io.WriteAsync("334 VXNlcm5hbWU6");
                        authUser = Decode((await io.ReadAsync())!);
                        await io.WriteAsync("334 UGFzc3dvcmQ6");
                        authPassword = Decode((await io.ReadAsync())!);
                    }
                    var ok = authUser == User && authPassword == Password;
                    await io.WriteAsync(ok ? "235 2.7.0 authenticated" : "535 5.7.8 bad credentials");
                    if (!ok)
                        authUser = null;
                    break;
                case "MAIL":
                    if (AuthMechanisms is not null && authUser is null)
                    {
                        await io.WriteAsync("530 5.7.0 authentication required");
                        break;
                    }
                    from = Between(line);
                    await io.WriteAsync("250 ok");
                    break;
                case "RCPT":
                    to.Add(Between(line));
                    await io.WriteAsync(RcptReply ?? "250 ok");
                    break;
                case "DATA":
                    await io.WriteAsync("354 end with .");
                    var data = new StringBuilder();
                    while (await io.ReadAsync() is { } dataLine && dataLine != ".")
                        data.Append(dataLine.StartsWith('.') ? dataLine[1..] : dataLine).Append("\r\n");
                    await io.WriteAsync(DataReply ?? "250 queued");
                    if (DataReply is null)
                        await _received.Writer.WriteAsync(new ReceivedMail(from!, [.. to], data.ToString(), authUser, authPassword, tls));
                    to.Clear();
                    break;
                case "QUIT":
                    await io.WriteAsync("221 bye");
                    return;
                default:
                    await io.WriteAsync("502 not implemented");
                    break;
            }
        }
    }

    private async Task<Stream> ServerTlsAsync(Stream stream)
    {
        var tls = new SslStream(stream);
        await tls.AuthenticateAsServerAsync(_certificate);
        return tls;
    }

    private static string Between(string line) => line[(line.IndexOf('<') + 1)..line.IndexOf('>')];

    private static string Decode(string base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64));

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=sink.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(1));
        // SslStream on Linux needs the key in a PKCS#12 round trip, not an ephemeral one.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private sealed class LineIo(Stream stream)
    {
        private readonly StreamReader _reader = new(stream, Encoding.UTF8, false, 4096, leaveOpen: true);

        public Task<string?> ReadAsync() => _reader.ReadLineAsync();

        public async Task WriteAsync(string line)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"));
            await stream.FlushAsync();
        }
    }
}

/// <summary>A message the sink accepted; <see cref="Data"/> is the message text after dot-unstuffing.</summary>
public sealed record ReceivedMail(string From, IReadOnlyList<string> To, string Data, string? AuthUser, string? AuthPassword, bool OverTls)
{
    public string Header(string name) =>
        Data.Split("\r\n").First(l => l.StartsWith(name + ": ", StringComparison.OrdinalIgnoreCase))[(name.Length + 2)..];

    public string Body => Data[(Data.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
}
