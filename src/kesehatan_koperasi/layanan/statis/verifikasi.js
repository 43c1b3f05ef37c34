// The certificate's QR code names "<laman_verifikasi>#KK1.<signature>.<payload>": the part after
// "#" never reaches the server, so this page reads the verification code from the signed payload
// and opens /verifikasi/<kode>, which looks the certificate up in the register (issue 13, item 4).
(function () {
  var h = decodeURIComponent(window.location.hash || "");
  var i = h.indexOf("KK1.");
  if (i < 0) { return; }
  var bagian = h.slice(i).split(".");
  if (bagian.length < 3) { return; }
  try {
    var payload = JSON.parse(bagian.slice(2).join("."));
    if (payload && typeof payload.kode === "string" && /^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/i.test(payload.kode)) {
      window.location.replace("/verifikasi/" + encodeURIComponent(payload.kode));
    }
  } catch (e) { /* not a verification token: the form stays */ }
})();
