document.getElementById('app').textContent = 'Touch to start';
