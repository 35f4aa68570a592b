using PhoneNumbers;

namespace LifeCircle.Core.Identity;

/// <summary>Parsing, normalizing and masking of Chinese phone numbers (libphonenumber).</summary>
public static class Phones
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>Returns the E.164 form of a valid Chinese mobile number, or null.</summary>
    public static string? NormalizeMobile(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 32)
        {
            return null;
        }

        try
        {
            var number = Util.Parse(input, "CN");
            var type = Util.GetNumberType(number);
            var mobile = type is PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE;
            return Util.IsValidNumberForRegion(number, "CN") && mobile
                ? Util.Format(number, PhoneNumberFormat.E164)
                : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>
    /// Returns the E.164 form of a valid Chinese landline number given with its area code
    /// (such as 024-23456789), or null; a null or empty input returns null.
    /// </summary>
    public static string? NormalizeLandline(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 32)
        {
            return null;
        }

        try
        {
            var number = Util.Parse(input, "CN");
            var type = Util.GetNumberType(number);
            var landline = type is PhoneNumberType.FIXED_LINE or PhoneNumberType.FIXED_LINE_OR_MOBILE;
            return Util.IsValidNumberForRegion(number, "CN") && landline
                ? Util.Format(number, PhoneNumberFormat.E164)
                : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>Masks a number for display and logs as 138****1234.</summary>
    public static string Mask(string? phone)
    {
        if (string.IsNullOrEmpty(phone))
        {
            return "";
        }

        var digits = phone.StartsWith("+86", StringComparison.Ordinal) ? phone[3..] : phone.TrimStart('+');
        return digits.Length < 8 ? new string('*', digits.Length) : $"{digits[..3]}****{digits[^4..]}";
    }

    /// <summary>Returns the national form of an E.164 Chinese number, such as 13812341234.</summary>
    public static string National(string phone) =>
        phone.StartsWith("+86", StringComparison.Ordinal) ? phone[3..] : phone;
}
