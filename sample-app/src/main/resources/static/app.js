// Progressive enhancement only: the form and the result page work without it.
(function () {
  var form = document.getElementById('query-form');
  if (form) {
    document.getElementById('querystring').focus();
    form.addEventListener('submit', function () {
      var button = document.getElementById('submit');
      button.disabled = true;
      button.textContent = 'Scanning…';
    });
  }
  var cells = document.querySelectorAll('#items td.row-number');
  for (var i = 0; i < cells.length; i++) {
    cells[i].textContent = String(i + 1);
  }
})();
