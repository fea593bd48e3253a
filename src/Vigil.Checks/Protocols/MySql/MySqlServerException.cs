namespace Vigil.Checks.Protocols.MySql;

/// <summary>An ERR packet from the server: its error number, SQL state and message.</summary>
public sealed class MySqlServerException(ushort errorCode, string sqlState, string serverMessage)
    : Exception($"{errorCode} ({sqlState}): {serverMessage}")
{
    public ushort ErrorCode { get; } = errorCode;

    public string SqlState { get; } = sqlState;

    public string ServerMessage { get; } = serverMessage;

    /// <summary>The server refused the credentials or the user's access: ER_DBACCESS_DENIED_ERROR (1044),
    /// ER_ACCESS_DENIED_ERROR (1045), ER_ACCESS_DENIED_NO_PASSWORD_ERROR (1698), ER_PASSWORD_NO_MATCH (1133),
    /// ER_MUST_CHANGE_PASSWORD_LOGIN (1862), ER_ACCOUNT_HAS_BEEN_LOCKED (3118), or any error in SQL state class 28.</summary>
    public bool IsAuthenticationFailure =>
        ErrorCode is 1044 or 1045 or 1698 or 1133 or 1862 or 3118 || SqlState.StartsWith("28", StringComparison.Ordinal);
}
